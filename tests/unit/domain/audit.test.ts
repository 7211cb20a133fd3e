/** The access log's CSV download (issue 12): RFC 4180 quoting and no spreadsheet formulas. */
import { describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, AUDIT_CSV_COLUMNS, auditCsv, auditCsvTruncatedNote, commandAction, csvCell, type AuditLine } from '../../../shared/domain/audit'

const line = (overrides: Partial<AuditLine> = {}): AuditLine => ({
  at: '2026-03-02T09:30:00.000Z',
  actor: { kind: 'account', subject: 'https://idp.example|abc', name: 'Marieke de Vries' },
  access: 'facilitator',
  action: 'board.open',
  object: { board: 'AAAAAAAAAAAAAAAAAAAAAA', session: null },
  result: 'ok',
  reason: null,
  origin: '127.0.0.1',
  ...overrides,
})

describe('the access log as CSV', () => {
  it('has a header row and one row per line, CRLF line ends', () => {
    const csv = auditCsv([line(), line({ action: 'command.decide', object: { board: 'AAAAAAAAAAAAAAAAAAAAAA', session: 2 } })])
    const rows = csv.split('\r\n')
    expect(rows[0]).toBe(AUDIT_CSV_COLUMNS.join(','))
    expect(rows[1]).toBe('2026-03-02T09:30:00.000Z,account,https://idp.example|abc,Marieke de Vries,facilitator,board.open,AAAAAAAAAAAAAAAAAAAAAA,,ok,,127.0.0.1')
    expect(rows[2]).toContain(',command.decide,AAAAAAAAAAAAAAAAAAAAAA,2,ok,')
    expect(rows[3]).toBe('')
    expect(rows).toHaveLength(4)
  })

  it('says in a note row after the header when only the newest lines are in it', () => {
    const rows = auditCsv([line()], { truncatedTo: 10_000 }).split('\r\n')
    expect(rows[0]).toBe(AUDIT_CSV_COLUMNS.join(','))
    expect(rows[1]).toBe(`${auditCsvTruncatedNote(10_000)}${','.repeat(AUDIT_CSV_COLUMNS.length - 1)}`)
    expect(rows[1]).toContain('10000')
    expect(rows[2]).toContain(',board.open,')
    // Without truncation: no note.
    expect(auditCsv([line()], { truncatedTo: null }).split('\r\n')).toHaveLength(3)
  })

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('de Vries, M.')).toBe('"de Vries, M."')
    expect(csvCell('Marieke "Mies"')).toBe('"Marieke ""Mies"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(3)).toBe('3')
  })

  it('keeps formulas as text: a cell starting with = + - @ (or tab, CR) gets a leading quote', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`)
    expect(csvCell('+31 6 1234')).toBe("'+31 6 1234")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\t=1')).toBe("'\t=1")
    expect(csvCell('Marieke')).toBe('Marieke')
    const csv = auditCsv([line({ actor: { kind: 'link', subject: null, name: '=cmd|" /C calc"!A0' } })])
    expect(csv.split('\r\n')[1]).toContain(`"'=cmd|"" /C calc""!A0"`)
  })

  it('names the acts', () => {
    expect(commandAction('decide')).toBe('command.decide')
    expect(new Set(Object.values(AUDIT_ACTIONS)).size).toBe(Object.values(AUDIT_ACTIONS).length)
    expect(AUDIT_ACTIONS.auditRead).toBe('audit.read')
  })
})
