-- Schema created by migration 0001 as released in commit f5844dc (generated from
-- `git show` of that file and kept here: a released migration is never edited again).
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE note_types (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	fields JSON NOT NULL, 
	templates JSON NOT NULL, 
	html BOOLEAN NOT NULL, 
	CONSTRAINT pk_note_types PRIMARY KEY (id), 
	CONSTRAINT uq_note_types_name UNIQUE (name)
);
CREATE TABLE presets (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	new_per_day INTEGER NOT NULL, 
	max_reviews_per_day INTEGER NOT NULL, 
	desired_retention FLOAT NOT NULL, 
	learning_steps JSON NOT NULL, 
	relearning_steps JSON NOT NULL, 
	max_interval_days INTEGER NOT NULL, 
	leech_threshold INTEGER NOT NULL, 
	leech_action VARCHAR(16) NOT NULL, 
	bury_siblings BOOLEAN NOT NULL, 
	fsrs_params JSON, 
	CONSTRAINT pk_presets PRIMARY KEY (id), 
	CONSTRAINT uq_presets_name UNIQUE (name)
);
CREATE TABLE settings (
	"key" VARCHAR(100) NOT NULL, 
	value JSON NOT NULL, 
	CONSTRAINT pk_settings PRIMARY KEY ("key")
);
CREATE TABLE decks (
	id INTEGER NOT NULL, 
	name VARCHAR(500) NOT NULL, 
	preset_id INTEGER NOT NULL, 
	description TEXT NOT NULL, 
	source VARCHAR(200), 
	source_version VARCHAR(100), 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_decks PRIMARY KEY (id), 
	CONSTRAINT fk_decks_preset_id_presets FOREIGN KEY(preset_id) REFERENCES presets (id), 
	CONSTRAINT uq_decks_name UNIQUE (name)
);
CREATE TABLE notes (
	id INTEGER NOT NULL, 
	guid VARCHAR(200) NOT NULL, 
	note_type_id INTEGER NOT NULL, 
	fields JSON NOT NULL, 
	tags TEXT NOT NULL, 
	source VARCHAR(200), 
	source_ref VARCHAR(200), 
	created_at DATETIME NOT NULL, 
	modified_at DATETIME NOT NULL, 
	CONSTRAINT pk_notes PRIMARY KEY (id), 
	CONSTRAINT fk_notes_note_type_id_note_types FOREIGN KEY(note_type_id) REFERENCES note_types (id), 
	CONSTRAINT uq_notes_guid UNIQUE (guid)
);
CREATE TABLE cards (
	id INTEGER NOT NULL, 
	note_id INTEGER NOT NULL, 
	deck_id INTEGER NOT NULL, 
	ord INTEGER NOT NULL, 
	state INTEGER NOT NULL, 
	step INTEGER, 
	stability FLOAT, 
	difficulty FLOAT, 
	due DATETIME, 
	last_review DATETIME, 
	reps INTEGER NOT NULL, 
	lapses INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	suspended BOOLEAN NOT NULL, 
	buried_until DATETIME, 
	flag INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_cards PRIMARY KEY (id), 
	CONSTRAINT fk_cards_deck_id_decks FOREIGN KEY(deck_id) REFERENCES decks (id), 
	CONSTRAINT fk_cards_note_id_notes FOREIGN KEY(note_id) REFERENCES notes (id) ON DELETE CASCADE, 
	CONSTRAINT uq_cards_note_id_ord UNIQUE (note_id, ord)
);
CREATE TABLE review_log (
	id INTEGER NOT NULL, 
	card_id INTEGER NOT NULL, 
	answered_at DATETIME NOT NULL, 
	rating INTEGER NOT NULL, 
	duration_ms INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	answer TEXT, 
	state_before INTEGER NOT NULL, 
	step_before INTEGER, 
	stability_before FLOAT, 
	difficulty_before FLOAT, 
	due_before DATETIME, 
	last_review_before DATETIME, 
	state_after INTEGER NOT NULL, 
	step_after INTEGER, 
	stability_after FLOAT, 
	difficulty_after FLOAT, 
	due_after DATETIME, 
	CONSTRAINT pk_review_log PRIMARY KEY (id), 
	CONSTRAINT fk_review_log_card_id_cards FOREIGN KEY(card_id) REFERENCES cards (id) ON DELETE CASCADE
);
CREATE INDEX ix_notes_source ON notes (source);
CREATE INDEX ix_cards_deck_state_due ON cards (deck_id, state, due);
CREATE INDEX ix_review_log_answered ON review_log (answered_at);
CREATE INDEX ix_review_log_card_answered ON review_log (card_id, answered_at);
INSERT INTO alembic_version (version_num) VALUES ('0001');
