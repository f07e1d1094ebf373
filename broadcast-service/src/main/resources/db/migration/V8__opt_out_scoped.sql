-- Opt-outs scoped as Meta scopes them (DESIGN.md §4 Opt-outs; CLOUD-API-MORE §3.8, §4.5): keyed by
-- phone and by BSUID (`subject` is either; an opt-out naming both has a row for each), per business
-- number ('*' = every number), per scope: MARKETING blocks marketing templates only, ALL every template.
ALTER TABLE opt_out DROP CONSTRAINT opt_out_pkey;
ALTER TABLE opt_out ALTER COLUMN phone_e164 DROP NOT NULL;
ALTER TABLE opt_out ADD COLUMN subject text;
ALTER TABLE opt_out ADD COLUMN user_id text;
ALTER TABLE opt_out ADD COLUMN phone_number_id text NOT NULL DEFAULT '*';
ALTER TABLE opt_out ADD COLUMN scope text NOT NULL DEFAULT 'ALL' CHECK (scope IN ('MARKETING', 'ALL'));
-- Earlier rows applied to every campaign; Meta's own marketing opt-outs keep only their marketing reach.
UPDATE opt_out SET subject = phone_e164,
                   scope = CASE WHEN source IN ('USER_PREFERENCES', 'ERROR_131050') THEN 'MARKETING' ELSE 'ALL' END;
ALTER TABLE opt_out ALTER COLUMN subject SET NOT NULL;
ALTER TABLE opt_out ADD PRIMARY KEY (subject, phone_number_id, scope);
