/**
 * One simple line pictogram per life domain (and a few for cards): SVG path data in a 24×24
 * viewBox, drawn as strokes (round caps and joins, no fill). One definition for the client
 * (client/shapes/Pictogram.tsx, inline SVG) and the exports (the PDFs draw the same paths).
 */
import type { PictogramKey } from './lifeDomains'

export type PictogramName = PictogramKey | 'resident' | 'agency' | 'action'

/** The viewBox every path is drawn in: `0 0 24 24`. */
export const PICTOGRAM_VIEWBOX = 24
/** The stroke width the client uses, in viewBox units. */
export const PICTOGRAM_STROKE_WIDTH = 1.8

export const PICTOGRAM_PATHS: Readonly<Record<PictogramName, string>> = {
  money: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M15 8.5a4 4 0 1 0 0 7M7.5 11h6M7.5 13.5h6',
  work: 'M4 8h16v11H4zM9 8V5h6v3M4 13h16',
  clock: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 7v5l3.5 2',
  house: 'M3 11l9-7l9 7M6 9v11h12V9M10 20v-6h4v6',
  family: 'M8 7a2.5 2.5 0 1 0 0.01 0M16 7a2.5 2.5 0 1 0 0.01 0M3.5 19c0-4 2-6 4.5-6s4.5 2 4.5 6M11.5 19c0-4 2-6 4.5-6s4.5 2 4.5 6',
  mind: 'M12 4a7 7 0 0 0-7 7c0 2 1 3.5 2 4.5V20h7v-2h2a2 2 0 0 0 2-2v-2l2-1l-2-3a7 7 0 0 0-6-6M10 11c0-1.5 2-2 2-.5c0-1.5 2-1 2 .5c0 1.3-2 2.5-2 2.5s-2-1.2-2-2.5',
  body: 'M12 3a2.5 2.5 0 1 0 0.01 0M12 8v7M7 10l5-1l5 1M12 15l-3 6M12 15l3 6',
  bottle: 'M10 3h4v4l2 3v10H8V10l2-3zM8 13h8',
  care: 'M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.5A4 4 0 0 1 19 10c0 5.5-7 10-7 10',
  tasks: 'M5 5h14v15H5zM8 10l1.5 1.5L12 9M8 15l1.5 1.5L12 14M14 10.5h3M14 15.5h3',
  people: 'M12 6a2.5 2.5 0 1 0 0.01 0M5 9a2 2 0 1 0 0.01 0M19 9a2 2 0 1 0 0.01 0M7.5 19c0-3.5 2-5.5 4.5-5.5s4.5 2 4.5 5.5M2 18c0-2.5 1.2-4 3-4M22 18c0-2.5-1.2-4-3-4',
  hands: 'M3 12l4-4l4 3l3-3l7 6l-4 4l-3-2l-3 3l-3-2zM7 8l-4 4',
  law: 'M12 4v16M6 20h12M5 7h14M5 7l-3 6a3 3 0 0 0 6 0zM19 7l-3 6a3 3 0 0 0 6 0z',
  passport: 'M6 3h12v18H6zM12 8a3 3 0 1 0 0.01 0M9 16h6M9 18.5h6',
  other: 'M6 12a1.5 1.5 0 1 0 0.01 0M12 12a1.5 1.5 0 1 0 0.01 0M18 12a1.5 1.5 0 1 0 0.01 0',
  resident: 'M12 4a3.5 3.5 0 1 0 0.01 0M5 20c0-5 3-7.5 7-7.5s7 2.5 7 7.5',
  agency: 'M4 20V8l8-4l8 4v12M4 20h16M8 11v6M12 11v6M16 11v6',
  action: 'M5 12l4 4l10-10',
}
