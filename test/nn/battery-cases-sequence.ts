/** Layer-battery cases for the sequence layers (run by layers.test.ts). */
import type { BatteryCase } from './layer-battery.js';

export const SEQUENCE_CASES: BatteryCase[] = [];
