package blob_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"talksafe/models/blob"
)

// testStore runs the same checks against any store: put, get, overwrite,
// delete (twice), a missing key, keys that could escape the store.
func testStore(t *testing.T, s blob.Store) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		data := bytes.Repeat([]byte("picture bytes "), 5000)
		if err := s.Put(ctx, "pictures/ab12.jpg", data, "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, "pictures/ab12.jpg")
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("get: %d bytes, %v", len(got), err)
		}
		if err := s.Put(ctx, "pictures/ab12.jpg", []byte("v2"), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, "pictures/ab12.jpg"); string(got) != "v2" {
			t.Fatalf("after overwrite: %q", got)
		}
		if err := s.Delete(ctx, "pictures/ab12.jpg"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, "pictures/ab12.jpg"); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("after delete: %v, want ErrNotFound", err)
		}
		if err := s.Delete(ctx, "pictures/ab12.jpg"); err != nil {
			t.Fatalf("deleting a missing key: %v", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.Get(ctx, "pictures/never.png"); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("ErrBadKey", func(t *testing.T) {
		for _, key := range []string{"", "/etc/passwd", "../escape", "pictures/../../x", "Pictures/A.JPG", "a b"} {
			if err := s.Put(ctx, key, []byte("x"), "image/png"); err == nil {
				t.Errorf("Put(%q) was accepted", key)
			}
			if _, err := s.Get(ctx, key); err == nil || errors.Is(err, blob.ErrNotFound) {
				t.Errorf("Get(%q): %v, want a bad key", key, err)
			}
		}
	})
}

func TestDirStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := blob.Open(context.Background(), "file://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	testStore(t, s)
	if _, err := blob.Open(context.Background(), "file://relative/path"); err == nil {
		t.Error("a file URL with a host was accepted")
	}
	if _, err := blob.Open(context.Background(), "ftp://x"); err == nil {
		t.Error("an ftp URL was accepted")
	}
}

// TestS3Store runs the same checks against a real S3 server: SeaweedFS's
// weed, built once by .dev/ensure-weed (cached outside the repository) and
// started here on loopback with a key of its own, so requests are signed
// and checked as a cloud store checks them. It is never skipped.
func TestS3Store(t *testing.T) {
	t.Parallel()
	endpoint := startWeed(t)
	url := "s3://talksafe-test?endpoint=" + endpoint + "&insecure=true&region=us-east-1&access_key=talksafe&secret_key=talksafe-test-secret"
	var s blob.Store
	var err error
	deadline := time.Now().Add(90 * time.Second)
	for { // weed's S3 gateway answers once its filer and a volume are up
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		s, err = blob.Open(ctx, url)
		cancel()
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("S3 store on weed: %v", err)
	}
	testStore(t, s)
	wrong, err := blob.Open(context.Background(), strings.Replace(url, "talksafe-test-secret", "wrong", 1))
	if err == nil {
		if err := wrong.Put(context.Background(), "pictures/x.png", []byte("x"), "image/png"); err == nil {
			t.Error("a wrong secret key could write")
		}
	}
}

// freePort is a loopback port nobody listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startWeed starts `weed server -s3` on loopback ports of its own, with one
// S3 identity, and returns the S3 endpoint (host:port). It stops with the
// test.
func startWeed(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filepath.Join(root, ".dev", "ensure-weed")).Output()
	if err != nil {
		t.Fatalf(".dev/ensure-weed: %v", err)
	}
	bin := strings.TrimSpace(string(out))
	dir := t.TempDir()
	config := filepath.Join(dir, "s3.json")
	if err := os.WriteFile(config, []byte(`{"identities":[{"name":"talksafe","credentials":[{"accessKey":"talksafe","secretKey":"talksafe-test-secret"}],"actions":["Admin","Read","Write","List","Tagging"]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	s3 := freePort(t)
	args := []string{"server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-dir=" + data,
		fmt.Sprintf("-master.port=%d", freePort(t)), fmt.Sprintf("-master.port.grpc=%d", freePort(t)),
		fmt.Sprintf("-volume.port=%d", freePort(t)), fmt.Sprintf("-volume.port.grpc=%d", freePort(t)),
		fmt.Sprintf("-filer.port=%d", freePort(t)), fmt.Sprintf("-filer.port.grpc=%d", freePort(t)),
		"-s3", fmt.Sprintf("-s3.port=%d", s3), fmt.Sprintf("-s3.port.grpc=%d", freePort(t)), "-s3.port.iceberg=0", "-s3.port.lance=0",
		"-s3.config=" + config, "-volume.max=4", "-master.volumeSizeLimitMB=64"}
	cmd := exec.Command(bin, args...)
	log, err := os.Create(filepath.Join(dir, "weed.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		log.Close()
		if t.Failed() {
			b, _ := os.ReadFile(log.Name())
			t.Logf("weed's log:\n%s", b[max(0, len(b)-4000):])
		}
	})
	return fmt.Sprintf("127.0.0.1:%d", s3)
}
