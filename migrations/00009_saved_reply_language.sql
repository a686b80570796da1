-- +goose Up

-- Saved replies exist per language: the desk offers those in the ticket's
-- user's language first. A title is unique within its language.
ALTER TABLE saved_replies ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ko'));
ALTER TABLE saved_replies DROP CONSTRAINT saved_replies_title_key;
ALTER TABLE saved_replies ADD CONSTRAINT saved_replies_language_title_key UNIQUE (language, title);

-- +goose Down
ALTER TABLE saved_replies DROP CONSTRAINT saved_replies_language_title_key;
DELETE FROM saved_replies WHERE language <> 'en';
ALTER TABLE saved_replies ADD CONSTRAINT saved_replies_title_key UNIQUE (title);
ALTER TABLE saved_replies DROP COLUMN language;
