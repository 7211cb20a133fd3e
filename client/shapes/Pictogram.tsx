/** One simple line pictogram per life domain (and a few for cards), drawn as inline SVG. */
import { PICTOGRAM_PATHS, type PictogramName } from '../../shared/domain/pictograms'

type Key = PictogramName
const PATHS = PICTOGRAM_PATHS

export function Pictogram({ name, size = 32, title }: { name: Key; size?: number; title?: string }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={title ? 'img' : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
      className="pictogram"
    >
      <path d={PATHS[name]} />
    </svg>
  )
}
