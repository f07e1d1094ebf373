-- The template check's recipient rejections (domain.CheckedTemplate): MISSING_VARIABLE, INVALID_PARAMETER.
ALTER TABLE recipient DROP CONSTRAINT recipient_rejection_reason_check;
ALTER TABLE recipient ADD CONSTRAINT recipient_rejection_reason_check
    CHECK (rejection_reason IN ('INVALID_NUMBER', 'DUPLICATE', 'OPTED_OUT', 'PARAMETER_COUNT', 'MISSING_VARIABLE', 'INVALID_PARAMETER'));
