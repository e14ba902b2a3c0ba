import type { EnqueueOutcome } from "../outbox/types";

/*
 * What one flow step decided. `exit` and `not_due` write nothing: the flow has ended for this
 * subject (order placed, cart completed, switched off, no phone) or its moment has not come
 * (a newer activity moved it). Everything else is the outbox row's decision under the step's key.
 */
export type FlowStepOutcome =
  | EnqueueOutcome
  | { key: string; outcome: "exit"; reason: string }
  | { key: string; outcome: "not_due"; dueAt: string };
