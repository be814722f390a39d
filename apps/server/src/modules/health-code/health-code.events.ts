import type { Tx } from '../../platform/db/database.ts';
import { defineEvent } from '../../platform/modules/module.ts';
import type { Colour } from './health-code.types.ts';

/** Codes whose colour changed, inside the recomputation's transaction (not a first issue). */
export const HealthCodeColourChanged = defineEvent<{ tx: Tx; changes: { citizenId: string; from: Colour; to: Colour }[] }>('health-code.colour-changed');
/** An override proposal was approved or rejected, inside the decision's transaction. */
export const HealthCodeOverrideDecided = defineEvent<{ tx: Tx; citizenId: string; decision: 'approve' | 'reject' }>('health-code.override-decided');
/** A citizen's correction request was accepted or rejected, inside the decision's transaction. */
export const HealthCodeCorrectionDecided = defineEvent<{ tx: Tx; citizenId: string; decision: 'accept' | 'reject'; colourAfter: string | null }>('health-code.correction-decided');
