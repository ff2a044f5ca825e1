-- 002: who a quote reached us through, and whether its source is unnamed.
ALTER TABLE quotes ADD COLUMN anonymous BOOLEAN DEFAULT false;
ALTER TABLE quotes ADD COLUMN via VARCHAR;
