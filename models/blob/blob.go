// Package blob stores the bytes of pictures: one small interface with two
// backends, a folder on this machine and any S3-compatible object store,
// chosen by one URL (BLOB_URL):
//
//	file:///var/lib/talksafe/blobs
//	s3://bucket?endpoint=127.0.0.1:8333&region=us-east-1&insecure=true
//
// The S3 backend takes its keys from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (or the access_key and secret_key parameters).
package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// ErrNotFound is returned by Get for a key the store does not hold.
var ErrNotFound = errors.New("blob: not found")

// Store puts, gets and deletes whole blobs by key. Keys are made of
// [a-z0-9/._-]; Delete of a missing key is no error.
type Store interface {
	Put(ctx context.Context, key string, data []byte, contentType string) error
	Get(ctx context.Context, key string) ([]byte, error)
	Delete(ctx context.Context, key string) error
}

// Open returns the store that rawURL names (file:// or s3://).
func Open(ctx context.Context, rawURL string) (Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("BLOB_URL %q: %w", rawURL, err)
	}
	switch u.Scheme {
	case "file":
		if u.Path == "" || u.Host != "" {
			return nil, fmt.Errorf("BLOB_URL %q: a folder is file:///absolute/path", rawURL)
		}
		return OpenDir(u.Path)
	case "s3":
		return openS3(ctx, u)
	}
	return nil, fmt.Errorf("BLOB_URL %q: the scheme must be file or s3", rawURL)
}

func validKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "..") ||
		strings.Trim(key, "abcdefghijklmnopqrstuvwxyz0123456789/._-") != "" {
		return fmt.Errorf("blob: bad key %q", key)
	}
	return nil
}

// dir keeps each blob as a file under a folder.
type dir struct{ root string }

// OpenDir returns a store that keeps its blobs under the folder root,
// creating it if needed.
func OpenDir(root string) (Store, error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("blob folder: %w", err)
	}
	return dir{root: root}, nil
}

func (d dir) path(key string) (string, error) {
	if err := validKey(key); err != nil {
		return "", err
	}
	return filepath.Join(d.root, filepath.FromSlash(key)), nil
}

// Put writes the blob to a temporary file and renames it into place, so a
// reader never sees half of it.
func (d dir) Put(_ context.Context, key string, data []byte, _ string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // gone after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), p)
}

func (d dir) Get(_ context.Context, key string) ([]byte, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	return b, err
}

func (d dir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// s3 keeps each blob as an object in one bucket.
type s3 struct {
	client *minio.Client
	bucket string
}

func openS3(ctx context.Context, u *url.URL) (Store, error) {
	q := u.Query()
	bucket := u.Host
	endpoint := q.Get("endpoint")
	if bucket == "" || endpoint == "" {
		return nil, fmt.Errorf("BLOB_URL s3: name the bucket and the endpoint (s3://bucket?endpoint=host:port)")
	}
	creds := credentials.NewEnvAWS()
	if q.Get("access_key") != "" {
		creds = credentials.NewStaticV4(q.Get("access_key"), q.Get("secret_key"), "")
	}
	client, err := minio.New(endpoint, &minio.Options{
		Creds:        creds,
		Secure:       q.Get("insecure") != "true",
		Region:       q.Get("region"),
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("BLOB_URL s3: %w", err)
	}
	ok, err := client.BucketExists(ctx, bucket)
	if err != nil {
		return nil, fmt.Errorf("BLOB_URL s3: bucket %s: %w", bucket, err)
	}
	if !ok {
		if err := client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{Region: q.Get("region")}); err != nil {
			return nil, fmt.Errorf("BLOB_URL s3: making bucket %s: %w", bucket, err)
		}
	}
	return s3{client: client, bucket: bucket}, nil
}

func (s s3) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := validKey(key); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: contentType})
	return err
}

func (s s3) Get(ctx context.Context, key string) ([]byte, error) {
	if err := validKey(key); err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	b, err := io.ReadAll(obj)
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		return nil, ErrNotFound
	}
	return b, err
}

func (s s3) Delete(ctx context.Context, key string) error {
	if err := validKey(key); err != nil {
		return err
	}
	return s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}
