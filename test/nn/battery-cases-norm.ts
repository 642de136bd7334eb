/** Layer-battery cases for the norm layers (run by layers.test.ts). */
import type { BatteryCase } from './layer-battery.js';

export const NORM_CASES: BatteryCase[] = [];
