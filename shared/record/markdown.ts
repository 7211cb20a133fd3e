/**
 * The session record as Markdown: headings and lists, readable as plain text too. Text typed on
 * the board is escaped so it cannot become markup (a name with `*` or `#` stays a name).
 */
import { fill, formatDate, formatDateTime, formatLocalDate, type RecordTranslation } from './translations/index'
import { recordTranslation, type RecordAction, type RecordDecision, type RecordOwner, type SessionRecord } from './sessionRecord'

/** Escapes what Markdown would read as markup; line breaks inside one field become spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/([\\`*_[\]<>#|~])/g, '\\$1')
    .replace(/^(\s*)([-+]|\d+\.)(\s)/, '$1\\$2$3')
    .trim()
}

function orEmpty(t: RecordTranslation, text: string | null | undefined): string {
  const value = (text ?? '').trim()
  return value === '' ? t.record.empty : escapeMarkdown(value)
}

export function ownerText(t: RecordTranslation, owner: RecordOwner | null): string {
  if (!owner || owner.person.trim() === '') {
    return owner && owner.organisation ? `${t.record.noOwner} (${owner.organisation})` : t.record.noOwner
  }
  const org = owner.organisation.trim() ? ` (${owner.organisation.trim()})` : ''
  return `${owner.person.trim()}${org}${owner.present ? '' : `, ${t.record.ownerAbsent}`}`
}

/**
 * The labels of an action's owner and due date, by what holds for it: who does it and by when
 * (agreed), who comes back to her and by when (thinking), or only who would do it and when
 * (declined, or not decided yet) — a refusal never reads as a task someone has.
 */
export function ownerLabels(t: RecordTranslation, action: RecordAction): { owner: string; dueDate: string } {
  const r = t.record
  switch (action.status) {
    case 'agreed':
    case 'outcomePending':
    case 'done':
    case 'partly':
    case 'notDone':
    case 'noLongerNeeded':
      return { owner: r.owner, dueDate: r.dueDate }
    case 'thinking':
      return { owner: r.ownerThinking, dueDate: r.dueDateThinking }
    case 'decideAgain':
      if (action.decision?.decision === 'thinking') return { owner: r.ownerThinking, dueDate: r.dueDateThinking }
      return { owner: r.ownerProposed, dueDate: r.dueDateProposed }
    default:
      return { owner: r.ownerProposed, dueDate: r.dueDateProposed }
  }
}

/** "Van het bord gehaald door … op …" for a decided action whose card left the board; null while on it. */
export function removalText(t: RecordTranslation, action: RecordAction, timeZone: string): string | null {
  if (action.onBoard) return null
  if (!action.removed) return t.record.notOnBoard
  const { by, at } = action.removed
  return fill(t.record.removedLine, { name: by.name, role: by.roleLabel, at: formatDateTime(t, at, timeZone) })
}

/** "Keuze van de bewoner", or "… in gesprek 1" for a decision taken in an earlier session. */
export function decisionLabel(t: RecordTranslation, d: RecordDecision | null, sessionNumber: number): string {
  return d && d.sessionNumber < sessionNumber ? fill(t.record.decisionInSession, { n: d.sessionNumber }) : t.record.decision
}

/** The meeting's follow-up date as the record reads it, saying when it is only a proposal. */
export function followUpText(t: RecordTranslation, record: SessionRecord): string {
  const { followUpDate, followUpConfirmed } = record.meeting
  if (!followUpDate) return t.record.noFollowUpDate
  return followUpConfirmed ? formatDate(t, followUpDate) : `${formatDate(t, followUpDate)} (${t.record.followUpNotConfirmed})`
}

export function decisionLines(t: RecordTranslation, d: RecordDecision | null, timeZone: string, sessionNumber = d?.sessionNumber ?? 1): string[] {
  const label = decisionLabel(t, d, sessionNumber)
  if (!d) return [`${label}: ${t.record.noDecision}`]
  const lines = [`${label}: **${escapeMarkdown(d.label)}**`]
  if (d.residentWords.trim()) lines.push(`${t.record.residentWords}: “${escapeMarkdown(d.residentWords)}”`)
  if (d.teachBack.trim()) lines.push(`${t.record.teachBack}: “${escapeMarkdown(d.teachBack)}”`)
  lines.push(
    `${t.record.recordedBy}: ${fill(t.record.recordedByLine, {
      name: escapeMarkdown(d.recordedBy.name),
      role: d.recordedBy.roleLabel,
      at: formatDateTime(t, d.at, timeZone),
    })}`,
  )
  return lines
}

export function renderMarkdown(record: SessionRecord): string {
  const t = recordTranslation(record)
  const r = t.record
  const out: string[] = []
  const line = (text = '') => out.push(text)
  const concept = record.status === 'concept'
  const zone = record.meeting.timeZone
  const session = record.meeting.sessionNumber

  line(`# ${concept ? `${r.concept}: ` : ''}${escapeMarkdown(record.meeting.title)}`)
  line()
  line(`> ${concept ? r.conceptNotice : r.finalNotice}`)
  line()
  line(`- ${record.meeting.sessionLabel}`)
  line(`- ${r.date}: ${formatLocalDate(t, record.meeting.startedAt, zone)}`)
  line(`- ${r.closedAt}: ${record.meeting.closedAt ? formatDateTime(t, record.meeting.closedAt, zone) : r.notClosed}`)
  const facilitators = record.meeting.facilitators.map((f) => escapeMarkdown(f.organisation ? `${f.name} (${f.organisation})` : f.name))
  line(`- ${r.facilitator}: ${facilitators.length ? facilitators.join(', ') : r.noFacilitator}`)
  line(`- ${r.followUpDate}: ${followUpText(t, record)}`)
  line(`- ${r.generatedAt}: ${formatDateTime(t, record.generatedAt, zone)}`)
  line(`- ${fill(r.timeZone, { zone })}`)
  if (record.meeting.pastSessions.length) {
    line()
    line(`${r.pastSessions}:`)
    for (const s of record.meeting.pastSessions) line(`- ${fill(r.pastSession, { n: s.number, date: formatLocalDate(t, s.closedAt, zone) })}`)
  }
  line()

  line(`## ${r.participants}`)
  line()
  if (!record.participants.length) line(r.noParticipants)
  for (const p of record.participants) {
    const org = p.organisation.trim() ? `, ${escapeMarkdown(p.organisation)}` : ''
    const contact = p.contact.trim() ? `, ${r.contact.toLowerCase()}: ${escapeMarkdown(p.contact)}` : ''
    line(`- ${escapeMarkdown(p.name)} — ${p.roleLabel}${org} (${p.atTable ? r.atTable : r.remote})${contact}`)
  }
  line()

  if (record.plannedVsDone.length) {
    line(`## ${r.plannedVsDone}`)
    line()
    for (const item of record.plannedVsDone) {
      line(`### ${orEmpty(t, item.what)}`)
      line()
      line(`**${r.planned}** (${fill(r.plannedIn, { n: item.plannedInSession })}):`)
      line()
      line(`- ${r.owner}: ${escapeMarkdown(ownerText(t, item.planned.owner))}`)
      line(`- ${r.dueDate}: ${item.planned.dueDate ? formatDate(t, item.planned.dueDate) : r.noDueDate}`)
      for (const l of decisionLines(t, item.planned.decision, zone, session)) line(`- ${l}`)
      line()
      line(`**${r.done}**:`)
      line()
      if (item.done) {
        line(`- ${r.outcome}: **${escapeMarkdown(item.done.label)}**`)
        if (item.done.residentWords.trim()) line(`- ${r.outcomeWords}: “${escapeMarkdown(item.done.residentWords)}”`)
        line(`- ${r.recordedBy}: ${fill(r.recordedByLine, { name: escapeMarkdown(item.done.recordedBy.name), role: item.done.recordedBy.roleLabel, at: formatDateTime(t, item.done.at, zone) })}`)
      } else {
        line(`- ${r.outcome}: ${r.noOutcome}`)
      }
      line()
    }
  }

  line(`## ${r.domains}`)
  line()
  if (!record.domains.length) line(r.noDomains)
  for (const d of record.domains) {
    line(`### ${escapeMarkdown(d.name)}${d.plainName !== d.name ? ` (${escapeMarkdown(d.plainName)})` : ''}`)
    line()
    line(`- ${r.score}: ${d.score === null ? r.noScore : `${d.score} — ${d.scoreLabel}`}`)
    line(`- ${r.strengths}: ${orEmpty(t, d.strengths)}`)
    line(`- ${r.worries}: ${orEmpty(t, d.worries)}`)
    line(`- ${r.residentWords}: ${d.residentWords.trim() ? `“${escapeMarkdown(d.residentWords)}”` : r.empty}`)
    line()
  }

  line(`## ${r.agencies}`)
  line()
  if (!record.agencies.length) line(r.noAgencies)
  for (const a of record.agencies) {
    line(`### ${orEmpty(t, a.organisation)}`)
    line()
    line(`- ${r.office}: ${orEmpty(t, a.office)}`)
    line(`- ${r.person}: ${orEmpty(t, a.person)}`)
    line(`- ${r.contact}: ${orEmpty(t, a.contact)}`)
    line(`- ${r.presence}: ${a.atTable ? r.atTable : r.ownerAbsent}`)
    line(`- ${r.canDo}: ${orEmpty(t, a.canDo)}`)
    line(`- ${r.cannotDo}: ${orEmpty(t, a.cannotDo)}`)
    if (a.domains.length) line(`- ${r.involvedIn}: ${a.domains.map((d) => escapeMarkdown(d.name)).join(', ')}`)
    line()
  }

  line(`## ${r.actions}`)
  line()
  if (!record.actions.length) line(r.noActions)
  for (const a of record.actions) {
    // The heading says what holds: her decision, or what became of it — never more.
    line(`### ${orEmpty(t, a.what)} — ${escapeMarkdown(a.statusLabel)}${a.carried ? ` (${r.carried})` : ''}`)
    line()
    const removal = removalText(t, a, zone)
    if (removal) line(`- **${escapeMarkdown(removal)}**`)
    line(`- ${r.domain}: ${a.domains.length ? a.domains.map((d) => escapeMarkdown(d.name)).join(', ') : r.empty}`)
    const labels = ownerLabels(t, a)
    line(`- ${labels.owner}: ${escapeMarkdown(ownerText(t, a.owner))}`)
    if (a.owner?.contact) line(`- ${r.contact}: ${escapeMarkdown(a.owner.contact)}`)
    line(`- ${labels.dueDate}: ${a.dueDate ? formatDate(t, a.dueDate) : r.noDueDate}`)
    for (const l of decisionLines(t, a.decision, zone, session)) line(`- ${l}`)
    for (const earlier of a.earlierDecisions) {
      const words = earlier.residentWords.trim() ? `: “${escapeMarkdown(earlier.residentWords)}”` : ''
      line(`  - ${formatDateTime(t, earlier.at, zone)}: ${escapeMarkdown(earlier.label)}${words}`)
    }
    if (a.outcome) {
      const words = a.outcome.residentWords.trim() ? ` — “${escapeMarkdown(a.outcome.residentWords)}”` : ''
      line(`- ${r.outcome}: **${escapeMarkdown(a.outcome.label)}**${words}`)
    }
    if (a.note.trim()) line(`- ${r.note}: ${escapeMarkdown(a.note)}`)
    line()
  }

  line(`## ${r.followUpDate}`)
  line()
  line(followUpText(t, record))
  line()

  line(`## ${r.missing}`)
  line()
  if (!record.missingAtTable.length) line(r.nobodyMissing)
  for (const m of missingText(t, record)) line(`- ${escapeMarkdown(m)}`)
  line()

  line(`## ${r.picture}`)
  line()
  line(record.picture.stored ? r.pictureInPdf : r.noPicture)
  if (record.invalidCards.length) {
    line()
    line(`## ${r.invalidCards}`)
    line()
    for (const c of record.invalidCards) line(`- ${escapeMarkdown(c.id)}: ${escapeMarkdown(c.reason)}`)
  }
  if (concept) {
    line()
    line(`*${r.conceptNotice}*`)
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n'
}

/** "Who is missing at the table", one plain sentence per item (unescaped). */
export function missingText(t: RecordTranslation, record: SessionRecord): string[] {
  return record.missingAtTable.map((m) => {
    if (m.kind === 'uncoveredDomain') {
      const because = m.because.map((b) => (b === 'worries' ? t.record.becauseWorries : t.record.becauseLowScore)).join(', ')
      return `${fill(t.record.uncoveredDomain, { domain: m.domain })} (${because})`
    }
    return fill(t.record.absentOwner, { person: m.person || t.record.noOwner, organisation: m.organisation, action: m.action })
  })
}
