-- A campaign's effective send-time template.components (Meta's send API JSON with {{placeholders}},
-- CLOUD-API-MORE §1), given or derived at creation, carried by every batch; null = no components.
-- Stored as text: it is written and read as a whole, never queried.
ALTER TABLE campaign ADD COLUMN template_components text;
-- Each recipient's named values ({{customer}} → "Asha"), carried in SendBatch.Recipient.variables.
ALTER TABLE recipient ADD COLUMN variables jsonb;
-- Counts of the template check's recipient rejections (CheckedTemplate.check), like rejected_parameters.
ALTER TABLE campaign ADD COLUMN rejected_missing_variable integer NOT NULL DEFAULT 0;
ALTER TABLE campaign ADD COLUMN rejected_invalid_parameter integer NOT NULL DEFAULT 0;
