package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"talksafe/models/pdq"
)

// hashFiles prints each picture's PDQ hash, its quality and its name, one
// line each, as the reference tool pdq-photo-hasher does
// (hash,quality,filename). A file it cannot read or decode is named in the
// error after the others are printed.
func hashFiles(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: talksafe hash FILE…")
	}
	var failed []error
	for _, name := range args {
		b, err := os.ReadFile(name)
		if err == nil {
			var s pdq.Sums
			if s, err = pdq.SumBytes(b); err == nil {
				fmt.Fprintf(stdout, "%s,%d,%s\n", s.PDQ, s.Quality, name)
				continue
			}
			err = fmt.Errorf("%s: not a picture talksafe reads (%v)", name, err)
		}
		failed = append(failed, err)
	}
	return errors.Join(failed...)
}
