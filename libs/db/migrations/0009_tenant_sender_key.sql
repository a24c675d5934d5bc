-- A tenant may send from its own Kakao sender profile (its templates are approved under it); null keeps the account's VENDOR_SENDER_KEY.
ALTER TABLE "tenants" ADD COLUMN "sender_key" text;