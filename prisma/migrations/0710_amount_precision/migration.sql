-- Amounts as wide as the register format allows. SUMV, SUMP, SANK_IT, SUM_M, S_SUM and SUMMAV are N(17.2) in the
-- format (Q015 004F mask XXXXXXXXXXXXXX9.99: 15 integer digits), but were stored as NUMERIC(15, 2) (13): a SUMV
-- of 100 000 000 000 000.00 passed the FLK and made PostgreSQL refuse the COPY of the whole file. Raising the
-- precision with the same scale changes no stored value and rewrites no table.
ALTER TABLE register_file ALTER COLUMN summav TYPE NUMERIC(17, 2);
ALTER TABLE "case" ALTER COLUMN sumv TYPE NUMERIC(17, 2), ALTER COLUMN sump TYPE NUMERIC(17, 2), ALTER COLUMN sank_it TYPE NUMERIC(17, 2);
ALTER TABLE sub_case ALTER COLUMN sum_m TYPE NUMERIC(17, 2);
ALTER TABLE sank ALTER COLUMN s_sum TYPE NUMERIC(17, 2);
