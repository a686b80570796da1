// Command testtime reads `go test -json` on its standard input and prints
// what plain `go test` would (the output of failing tests, then each
// package's ok or FAIL line), with the ten slowest tests of the run just
// before the package lines. It exits 1 when a test or a build failed, or
// when the input holds no result at all, so that
//
//	go test -json ./... | go run ./cmd/testtime
//
// fails as go test would, even without `set -o pipefail`.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

type result struct {
	pkg, test string
	elapsed   float64
}

func main() {
	failed, err := report(os.Stdin, os.Stdout, 10)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testtime:", err)
		os.Exit(1)
	}
	if failed {
		os.Exit(1)
	}
}

// report copies the run read from in to out as plain go test prints it and
// lists the n slowest top-level tests; it reports whether anything failed.
func report(in io.Reader, out io.Writer, n int) (failed bool, err error) {
	var (
		running  = map[string]*output{} // a running top-level test's output, shown if it fails
		summary  []string               // the packages' ok / FAIL / "no test files" lines, kept for the end
		results  []result
		packages int
	)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(out, "%s\n", line) // not an event: go's own message, print it as is
			continue
		}
		top, _, _ := strings.Cut(e.Test, "/")
		key := e.Package + " " + top
		switch {
		case e.Action == "build-output":
			fmt.Fprint(out, e.Output)
		case e.Action == "build-fail":
			failed = true
		case e.Test == "" && e.Action == "output":
			switch {
			case isSummary(e.Output):
				summary = append(summary, e.Output)
			case e.Output != "PASS\n": // plain go test keeps a passing package to its ok line
				fmt.Fprint(out, e.Output)
			}
		case e.Test == "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
			packages++
			if e.Action == "fail" {
				failed = true
			}
		case e.Action == "output":
			if running[key] == nil {
				running[key] = &output{passed: map[string]bool{}}
			}
			running[key].lines = append(running[key].lines, outputLine{e.Test, e.Output})
		case e.Test != top: // a subtest ended: its parent's end decides what is shown
			if e.Action == "pass" || e.Action == "skip" {
				if o := running[key]; o != nil {
					o.passed[e.Test] = true
				}
			}
		case e.Action == "pass" || e.Action == "skip":
			delete(running, key)
			if e.Action == "pass" {
				results = append(results, result{e.Package, e.Test, e.Elapsed})
			}
		case e.Action == "fail":
			failed = true
			running[key].print(out)
			delete(running, key)
			results = append(results, result{e.Package, e.Test, e.Elapsed})
		}
	}
	if err := sc.Err(); err != nil {
		return true, err
	}
	for _, o := range running { // a test that never ended: a panic or a timeout took its package down
		o.print(out)
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].elapsed > results[j].elapsed })
	if len(results) > n {
		results = results[:n]
	}
	if len(results) > 0 {
		fmt.Fprintf(out, "\nThe %d slowest tests:\n", len(results))
		for _, r := range results {
			d := time.Duration(r.elapsed * float64(time.Second)).Round(10 * time.Millisecond)
			fmt.Fprintf(out, "%9s  %s %s\n", d, r.pkg, r.test)
		}
		fmt.Fprintln(out)
	}
	fmt.Fprint(out, strings.Join(summary, ""))
	if packages == 0 {
		return true, fmt.Errorf("no package result in the input: did go test run?")
	}
	return failed, nil
}

// output is what a top-level test and its subtests printed, in order.
type output struct {
	lines  []outputLine
	passed map[string]bool // subtests that passed: plain go test hides their lines
}

type outputLine struct{ test, text string }

// print writes the lines plain go test shows for a failed test: those of
// the test and of its subtests that did not pass, without the RUN, PAUSE and
// CONT markers that -json adds (it implies -v).
func (o *output) print(out io.Writer) {
	if o == nil {
		return
	}
	for _, l := range o.lines {
		if o.passed[l.test] || strings.HasPrefix(strings.TrimLeft(l.text, " "), "=== ") {
			continue
		}
		fmt.Fprint(out, l.text)
	}
}

// isSummary reports whether a package's line is its final verdict, as go
// test prints it: "ok  \tpkg\t1.2s", "FAIL\tpkg\t1.2s", "?   \tpkg\t[no test files]".
func isSummary(s string) bool {
	return strings.HasPrefix(s, "ok  \t") || strings.HasPrefix(s, "FAIL\t") || strings.HasPrefix(s, "?   \t")
}
