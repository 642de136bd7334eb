/** Layer-battery cases for the conv layers (run by layers.test.ts). */
import type { BatteryCase } from './layer-battery.js';

export const CONV_CASES: BatteryCase[] = [];
