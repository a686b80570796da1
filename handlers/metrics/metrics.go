// Package metrics exports talksafe's figures for Prometheus
// (github.com/prometheus/client_golang) on their own listen address
// (METRICS_ADDR), never on the public one: requests by route pattern and
// status, background jobs by kind and outcome, the queues' figures read from
// the database at each scrape, and the database pool.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"gorm.io/gorm"

	"talksafe/models"
)

// Metrics is the registry and the figures that the code counts as it goes.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	jobs     *prometheus.CounterVec
	reports  *prometheus.CounterVec
	decided  *prometheus.CounterVec
	reversed prometheus.Counter
}

// New registers every figure; db is read at each scrape (as the serving
// role) for the queues' figures and its pool's.
func New(db *gorm.DB, log *slog.Logger) (*Metrics, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "talksafe_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "talksafe_http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by route pattern and method.", Buckets: prometheus.DefBuckets},
			[]string{"route", "method"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "talksafe_jobs_total",
			Help: "Background job runs, by kind and outcome (completed, failed)."}, []string{"kind", "outcome"}),
		reports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "talksafe_reports_filed_total",
			Help: "Reports filed, by what they are about (post, comment, message)."}, []string{"subject"}),
		decided: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "talksafe_decisions_total",
			Help: "Decisions made (one per decision, however many cases it covers), by kind and whether a rule made it."},
			[]string{"kind", "automated"}),
		reversed: prometheus.NewCounter(prometheus.CounterOpts{Name: "talksafe_decisions_reversed_total",
			Help: "Decisions reversed by a moderator."}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.jobs, m.reports, m.decided, m.reversed,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(sqlDB, "talksafe"), &queues{db: db, log: log})
	return m, nil
}

// Handler serves the figures in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Middleware counts each request under its route pattern (c.Path(), such as
// /mod/cases/:id; "unmatched" for a path no route takes), never its URL.
// It runs outside the request logger, which has answered any error by the
// time it returns, so the status is the one sent.
func (m *Metrics) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		route := c.Path()
		if route == "" || route == "/*" { // echo's name for no route
			route = "unmatched"
		}
		method := c.Request().Method
		m.requests.WithLabelValues(route, method, strconv.Itoa(c.Response().Status)).Inc()
		m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
		return err
	}
}

// JobDone counts one run of a job of kind, failed or not. A nil Metrics
// counts nothing.
func (m *Metrics) JobDone(kind string, failed bool) {
	if m == nil {
		return
	}
	outcome := "completed"
	if failed {
		outcome = "failed"
	}
	m.jobs.WithLabelValues(kind, outcome).Inc()
}

// ReportFiled counts one report filed about subject. A nil Metrics counts
// nothing.
func (m *Metrics) ReportFiled(subject string) {
	if m != nil {
		m.reports.WithLabelValues(subject).Inc()
	}
}

// Decided counts one decision of kind, made by a rule when automated.
func (m *Metrics) Decided(kind string, automated bool) {
	if m != nil {
		m.decided.WithLabelValues(kind, strconv.FormatBool(automated)).Inc()
	}
}

// Reversed counts one decision reversed.
func (m *Metrics) Reversed() {
	if m != nil {
		m.reversed.Inc()
	}
}

var (
	openCasesDesc = prometheus.NewDesc("talksafe_open_cases", "Cases not resolved, by state and worst severity.", []string{"state", "severity"}, nil)
	oldestDesc    = prometheus.NewDesc("talksafe_oldest_open_case_age_seconds", "Age of the oldest case not resolved (0: none).", nil, nil)
	legalDesc     = prometheus.NewDesc("talksafe_oldest_open_legal_request_age_seconds",
		"Age of the oldest legal request (illegal-filming deletion request or temporary measure) waiting for a decision (0: none).", nil, nil)
	overdueDesc = prometheus.NewDesc("talksafe_tickets_first_response_overdue", "Tickets past the first-response target with no answer yet.", nil, nil)
	holdsDesc   = prometheus.NewDesc("talksafe_legal_holds", "Legal holds in force.", nil, nil)
	targetDesc  = prometheus.NewDesc("talksafe_service_target_items",
		"Items that arrived in the last 30 days under a service-level target, by outcome: met, late (answered after the target), overdue (unanswered past it), pending (unanswered, still in time).",
		[]string{"target", "outcome"}, nil)
)

// queues reads the queues' figures from the database at each scrape.
type queues struct {
	db  *gorm.DB
	log *slog.Logger
}

func (q *queues) Describe(ch chan<- *prometheus.Desc) {
	ch <- openCasesDesc
	ch <- oldestDesc
	ch <- legalDesc
	ch <- overdueDesc
	ch <- holdsDesc
	ch <- targetDesc
}

func (q *queues) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	f, err := models.ReadQueueFigures(ctx, q.db)
	if err != nil {
		q.log.Warn("metrics: read the queues", "error", err)
		ch <- prometheus.NewInvalidMetric(openCasesDesc, err)
		return
	}
	for _, c := range f.OpenCases {
		ch <- prometheus.MustNewConstMetric(openCasesDesc, prometheus.GaugeValue, float64(c.N), c.State, strconv.Itoa(c.Severity))
	}
	ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, f.OldestOpenCaseAge.Seconds())
	ch <- prometheus.MustNewConstMetric(legalDesc, prometheus.GaugeValue, f.OldestOpenLegalRequestAge.Seconds())
	ch <- prometheus.MustNewConstMetric(overdueDesc, prometheus.GaugeValue, float64(f.OverdueTickets))
	ch <- prometheus.MustNewConstMetric(holdsDesc, prometheus.GaugeValue, float64(f.LegalHolds))
	for _, t := range f.Targets {
		for outcome, n := range map[string]int64{"met": t.Met, "late": t.Late, "overdue": t.Overdue, "pending": t.Pending} {
			ch <- prometheus.MustNewConstMetric(targetDesc, prometheus.GaugeValue, float64(n), string(t.Target), outcome)
		}
	}
}
