/**
 * CPU and memory of another process from /proc (Linux only): user+system CPU seconds from
 * /proc/<pid>/stat, current and peak resident set (VmRSS, VmHWM) from /proc/<pid>/status.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

let clockTicks: number | null = null

function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      clockTicks = 100
    }
  }
  return clockTicks
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may contain spaces; fields after its closing paren are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[14 - 3])
  const stime = Number(fields[15 - 3])
  return (utime + stime) / ticksPerSecond()
}

export interface Memory {
  /** Current resident set, bytes. */
  rss: number
  /** Peak resident set since the process started, bytes. */
  peakRss: number
}

export function memory(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)
    return match ? Number(match[1]) * 1024 : Number.NaN
  }
  return { rss: kb('VmRSS'), peakRss: kb('VmHWM') }
}

/**
 * Bytes the process has caused to be written to storage so far (`write_bytes` of /proc/<pid>/io:
 * what reaches the block layer, WAL and checkpoints included), or NaN where the kernel does not say.
 */
export function diskWrittenBytes(pid: number): number {
  try {
    const match = /^write_bytes:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))
    return match ? Number(match[1]) : Number.NaN
  } catch {
    return Number.NaN
  }
}

export interface Sample {
  cpu: number
  mem: Memory
  diskWritten: number
}

export function sample(pid: number): Sample {
  return { cpu: cpuSeconds(pid), mem: memory(pid), diskWritten: diskWrittenBytes(pid) }
}
