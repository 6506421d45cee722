-- person: keyed by its register file and ID_PAC, which were unique already, instead of a surrogate id that nothing
-- refers to. Every COPYed row drew the id from a sequence and went into one more index: loading the 100k run's
-- persons with psql, alternating, 708–718 ms with the id against 578–642 ms without.
ALTER TABLE person DROP COLUMN id;
ALTER TABLE person
  DROP CONSTRAINT person_register_file_id_id_pac_key,
  ADD CONSTRAINT person_pkey PRIMARY KEY (register_file_id, id_pac);
