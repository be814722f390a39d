CREATE TABLE "hc_recompute_targets" (
	"job_id" uuid NOT NULL,
	"citizen_id" uuid NOT NULL,
	CONSTRAINT "hc_recompute_targets_job_id_citizen_id_pk" PRIMARY KEY("job_id","citizen_id")
);
