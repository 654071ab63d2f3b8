-- The PostgreSQL store's tables. Runs with search_path set to the configured schema (postgres.schema), inside
-- the migration runner's transaction: do not qualify table names here and do not BEGIN/COMMIT.

-- One row per document: its current version.
CREATE TABLE documents (
  id           text PRIMARY KEY,
  version      integer NOT NULL CHECK (version >= 1),
  status       text NOT NULL CHECK (status IN ('usable', 'canceled', 'withheld')),
  type         text NOT NULL,
  headline     text,
  envelope     jsonb NOT NULL,
  ninjs        jsonb NOT NULL,
  content_hash text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  -- headline (weight A) and plain-text body (weight B), English stemming; set by the store on every version
  search       tsvector NOT NULL
);
CREATE INDEX documents_search_idx ON documents USING gin (search);
-- newest first, the read API's order and its keyset cursor
CREATE INDEX documents_updated_idx ON documents (updated_at DESC, id DESC);
CREATE INDEX documents_type_updated_idx ON documents (type, updated_at DESC, id DESC);

-- Every version ever published (the current one included).
CREATE TABLE document_versions (
  id           text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  version      integer NOT NULL CHECK (version >= 1),
  content_hash text NOT NULL,
  envelope     jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  pubstatus    text NOT NULL CHECK (pubstatus IN ('usable', 'canceled', 'withheld')),
  PRIMARY KEY (id, version)
);

-- The current version's entities: "every story that mentions Amirli".
CREATE TABLE document_entities (
  document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  type        text NOT NULL,
  name        text NOT NULL,
  count       integer NOT NULL DEFAULT 0,
  relevance   real NOT NULL DEFAULT 0,
  PRIMARY KEY (document_id, type, name)
);
CREATE INDEX document_entities_name_idx ON document_entities (lower(name));
