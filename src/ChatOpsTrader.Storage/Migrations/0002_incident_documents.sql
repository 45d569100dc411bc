-- Each incident is kept whole (timeline included) as a JSON document; the columns stay queryable.
ALTER TABLE incidents ADD COLUMN document TEXT NOT NULL DEFAULT '';
