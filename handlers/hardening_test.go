package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"talksafe/models"
)

// postConcurrently sends n POSTs of the forms at once from c (its cookies,
// one CSRF token) and returns their statuses.
func (c *client) postConcurrently(path string, forms []url.Values) []int {
	c.en.t.Helper()
	token := c.csrf()
	statuses := make([]int, len(forms))
	errs := make([]error, len(forms))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, form := range forms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form.Set("_csrf", token)
			req, _ := http.NewRequest(http.MethodPost, c.en.srv.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-start
			res, err := c.http.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			c.en.t.Fatal(err)
		}
	}
	return statuses
}

func TestLogInThrottleConcurrent(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("sora", models.RoleUser)
	c := en.client()
	forms := make([]url.Values, 100)
	for i := range forms {
		forms[i] = url.Values{"name": {"sora"}, "password": {"wrong guess"}}
	}
	count := map[int]int{}
	for _, s := range c.postConcurrently("/login", forms) {
		count[s]++
	}
	judged := count[http.StatusUnprocessableEntity]
	if judged > models.NameLoginPolicy.Lock || count[http.StatusTooManyRequests] != 100-judged {
		t.Fatalf("statuses %v: want at most %d judged, the rest 429", count, models.NameLoginPolicy.Lock)
	}
	var failures int
	if err := en.db.Raw("SELECT failures FROM login_throttles WHERE key = 'user:sora'").Scan(&failures).Error; err != nil {
		t.Fatal(err)
	}
	if failures != judged {
		t.Errorf("%d failures stored, %d judged", failures, judged)
	}
	// Then the right password: refused too, the name is slowed down.
	wantStatus(t, c.submit("/login", url.Values{"name": {"sora"}, "password": {"password for sora"}}), http.StatusTooManyRequests)
}
