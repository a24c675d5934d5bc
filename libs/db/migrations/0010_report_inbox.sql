-- Report callbacks the API could not queue while Redis was down, until the worker moves them to the queue.
CREATE TABLE "report_inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"reports" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
