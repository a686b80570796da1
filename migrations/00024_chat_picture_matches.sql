-- +goose Up

-- A reported 1:1 chat picture is matched against the hash banks
-- (models.matchReportedPicture): its matches are recorded like a board
-- picture's.
ALTER TABLE hash_matches DROP CONSTRAINT hash_matches_subject_type_check;
ALTER TABLE hash_matches ADD CONSTRAINT hash_matches_subject_type_check CHECK (subject_type IN ('post', 'comment', 'message'));

-- +goose Down
DELETE FROM hash_matches WHERE subject_type = 'message';
ALTER TABLE hash_matches DROP CONSTRAINT hash_matches_subject_type_check;
ALTER TABLE hash_matches ADD CONSTRAINT hash_matches_subject_type_check CHECK (subject_type IN ('post', 'comment'));
