CREATE INDEX "hc_declarations_day_idx" ON "hc_declarations" USING btree ("declared_on");--> statement-breakpoint
CREATE INDEX "citizens_household_division_idx" ON "citizens" USING btree ("household_division");--> statement-breakpoint
CREATE INDEX "citizens_document_index_idx" ON "citizens" USING btree ("document_index");