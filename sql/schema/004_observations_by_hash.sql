-- An observation names the record it saw by its hash: the record text is the entity's version with
-- that hash (entity_versions), so a snapshot re-read unchanged no longer stores every record again.
alter table observations drop column record;
