-- Bhai Dooj, where the Diwali shopping window ends, fell three days after Lakshmi Puja in
-- 2024-2026 (the new-moon day spanned two dates); the seed had two.
UPDATE "festival_windows" SET "ends_on" = '2024-11-03', "updated_at" = now() WHERE "festival" = 'diwali' AND "starts_on" = '2024-10-10' AND "ends_on" = '2024-11-02';--> statement-breakpoint
UPDATE "festival_windows" SET "ends_on" = '2025-10-23', "updated_at" = now() WHERE "festival" = 'diwali' AND "starts_on" = '2025-09-29' AND "ends_on" = '2025-10-22';--> statement-breakpoint
UPDATE "festival_windows" SET "ends_on" = '2026-11-11', "updated_at" = now() WHERE "festival" = 'diwali' AND "starts_on" = '2026-10-18' AND "ends_on" = '2026-11-10';
