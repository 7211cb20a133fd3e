/** Types of compressAssets.mjs (plain JavaScript, so Node and Vite's native config loader run it as it is). */
import type { Plugin } from 'vite'

export declare const COMPRESSIBLE: RegExp

export interface CompressionSummary {
  files: number
  bytes: number
  brotliBytes: number
  gzipBytes: number
}

/** Writes `.br` and `.gz` beside every compressible file under `dir`. */
export declare function compressDirectory(dir: string): Promise<CompressionSummary>

/** The Vite plugin: once the client is written, compress what was written. */
export declare function compressAssets(): Plugin
