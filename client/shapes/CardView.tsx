/** A card on the canvas (HTML), drawn from its content. */
import { HTMLContainer } from 'tldraw'
import type { CardContent } from './cardContent'
import { Pictogram } from './Pictogram'

export function CardView({ content }: { content: CardContent }) {
  const classes = ['card', `card--${content.kind}`, content.worry ? 'card--worry' : ''].filter(Boolean).join(' ')
  const headed = content.kind !== 'resident'
  return (
    <HTMLContainer className={classes} data-decision={content.decision}>
      {headed ? (
        <div className="card__head">
          {content.pictogram && <Pictogram name={content.pictogram} size={content.kind === 'domain' ? 40 : 36} />}
          <div>
            <div className="card__title">{content.title}</div>
            {content.subtitle && <div className="card__subtitle">{content.subtitle}</div>}
          </div>
        </div>
      ) : (
        <>
          {content.pictogram && <Pictogram name={content.pictogram} size={48} />}
          <div className="card__title card__title--huge">{content.title}</div>
          {content.caption && <div className="card__kind">{content.caption}</div>}
        </>
      )}
      {content.lines.map((line, i) => (
        <div key={i} className={`card__line${line.quote ? ' card__quote' : ''}${line.tone ? ` card__line--${line.tone}` : ''}`}>
          {line.label && <strong>{line.label}: </strong>}
          {line.text}
        </div>
      ))}
      {content.badges.length > 0 && (
        <div className="card__badges">
          {content.badges.map((badge) => (
            <span key={badge.text} className={`card__badge-item tone--${badge.tone}`} data-value={badge.value}>
              <svg viewBox="0 0 24 24" width={24} height={24} fill="none" stroke="currentColor" strokeWidth={2.6} strokeLinecap="round" aria-hidden="true">
                <path d={badge.icon} />
              </svg>
              {badge.text}
            </span>
          ))}
        </div>
      )}
    </HTMLContainer>
  )
}
