/**
 * Everything on screen once a board is loaded on the canvas: the bar, the canvas or list, and the
 * side panel. Her phone (the resident link) never comes here: see ResidentRoom.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Editor, TLShapeId } from 'tldraw'
import type { ParticipantIdentity } from '../../shared/domain/roles'
import type { Access } from '../../shared/protocol'
import { useLanguage } from '../i18n/language'
import { followLeader } from '../meeting/followLeader'
import { ListView } from '../meeting/lazyListView'
import { MeetingBar } from '../meeting/MeetingBar'
import { MeetingContext, type MeetingContextValue } from '../ui/MeetingContext'
import { decidedActionIds } from '../../shared/domain/meeting'
import { canRun } from '../../shared/commands/command'
import { COMMANDS } from '../../shared/commands/index'
import { MissingAtTablePanel } from '../meeting/MissingAtTablePanel'
import { holdBackDecidedCards } from '../meeting/decidedCardDeletion'
import { RemoveDecidedCardDialog } from '../meeting/lazyDialogs'
import { PresentationHeader } from '../meeting/presentation/PresentationHeader'
import { usePresentationMode } from '../meeting/presentation/usePresentationMode'
import { listenForShowAllKey, showAll } from '../meeting/showAll'
import { WaitingForStart } from '../meeting/WaitingForStart'
import { tidyUpBoard } from '../meeting/cardCommands'
import { StartMeetingDialog } from '../meeting/StartMeetingDialog'
import { useMeetingSnapshot } from '../meeting/useMeetingSnapshot'
import { AddCardButtons } from '../panel/AddCardButtons'
import { CardPanel } from '../panel/CardPanel'
import type { ConnectionSnapshot } from '../sync/boardConnection'
import { BoardCanvas } from './BoardCanvas'
import { registerCardContext } from '../shapes/cardContext'
import type { LoadedBoard } from './loadedBoard'
import { ConnectionBadge } from './ConnectionBadge'
import { PeopleList } from './PeopleList'

interface Props {
  board: LoadedBoard
  boardId: string
  token: string
  access: Access
  identity: ParticipantIdentity
  connectionSnapshot: ConnectionSnapshot
  invalidRecords: number
}

export function MeetingRoom({ board, boardId, token, access, identity, connectionSnapshot, invalidRecords }: Props) {
  const { strings, language } = useLanguage()
  const { connection, store, binding, mode } = board
  const snapshot = useMeetingSnapshot(connection.doc, connection.meetingDoc)
  // The same command the server's guard runs on every board update.
  const canEdit = canRun(COMMANDS.editBoard, access, snapshot.info) === null
  const [editor, setEditor] = useState<Editor | null>(null)
  const [listView, setListView] = useState(false)
  const awareness = connection.provider.awareness

  useEffect(() => {
    mode.set(canEdit ? 'readwrite' : 'readonly')
  }, [mode, canEdit])
  // The SVG export of the cards (the picture in the record) reads the live meeting from here.
  const cardContext = useRef({ snapshot, strings, language })
  cardContext.current = { snapshot, strings, language }
  useEffect(() => (editor ? registerCardContext(editor, () => cardContext.current) : undefined), [editor])
  useEffect(() => (editor && access !== 'facilitator' ? followLeader(editor, awareness) : undefined), [editor, awareness, access])
  const presentation = usePresentationMode(editor, awareness, access)
  // A calm view: the whole board when it opens (also after a reload), and on one key.
  useEffect(() => {
    if (!editor) return undefined
    showAll(editor, false)
    return listenForShowAllKey(editor)
  }, [editor])
  // Someone waiting for the start sees the board as a whole once it is there.
  // Started once the board has cards: a deleted resident card does not send everyone back to the start.
  const started = snapshot.resident !== null || snapshot.domains.length + snapshot.agencies.length + snapshot.actions.length > 0
  const wasStarted = useRef(started)
  useEffect(() => {
    if (editor && started && !wasStarted.current && access !== 'facilitator') showAll(editor)
    wasStarted.current = started
  }, [editor, started, access])

  // A decided action leaves the board only through the facilitator's confirmation.
  const [confirmRemoval, setConfirmRemoval] = useState<TLShapeId | null>(null)
  const [removalRefused, setRemovalRefused] = useState<TLShapeId | null>(null)
  const decided = useMemo(() => decidedActionIds(snapshot.decisions), [snapshot.decisions])
  const decidedRef = useRef(decided)
  decidedRef.current = decided
  useEffect(() => {
    if (!editor) return undefined
    return holdBackDecidedCards(editor, (id) => decidedRef.current.has(id), (id) => {
      if (access === 'facilitator') setConfirmRemoval(id)
      else setRemovalRefused(id)
    })
  }, [editor, access])

  const meeting = useMemo<MeetingContextValue>(
    () => ({ boardId, token, access, identity, snapshot, canEdit }),
    [boardId, token, access, identity, snapshot, canEdit],
  )

  const needsStart = access === 'facilitator' && canEdit && !started && editor !== null
  return (
    <MeetingContext.Provider value={meeting}>
        <div className={`room${presentation.presenting ? ' room--presenting' : ''}`} data-access={access} data-state={snapshot.info.state}>
          {presentation.presenting ? (
            <PresentationHeader awareness={awareness} presenterName={presentation.presenterName} onLeave={presentation.leave} />
          ) : (
            <MeetingBar editor={editor} awareness={awareness} listView={listView} onToggleListView={() => setListView((v) => !v)}
              onPresent={() => {
                setListView(false)
                presentation.enter()
              }}
              onStopLeading={presentation.leading ? presentation.stopLeading : undefined}
              onTidyUp={editor && canEdit && started ? () => binding.asOwnUndoStep(() => tidyUpBoard(editor)) : undefined} />
          )}
          {!canEdit && !presentation.presenting && (
            <p className="state-banner" role="status" data-testid="read-only-banner">
              {snapshot.info.state === 'closed' ? strings.meeting.readOnlyClosed : strings.meeting.readOnlyLocked}
            </p>
          )}
          <div className="room__main">
            <div className="room__canvas" hidden={listView}>
              <BoardCanvas store={store} binding={binding} identity={identity} onEditor={setEditor} hideUi={presentation.presenting || !started} />
              {!started && access !== 'facilitator' && <WaitingForStart />}
            </div>
            {listView && <div className="room__list"><ListView /></div>}
            <aside className="room__panel" aria-label={strings.panel.noSelection} hidden={presentation.presenting}>
              {editor && canEdit && <AddCardButtons editor={editor} />}
              {editor && <CardPanel editor={editor} />}
              {removalRefused && (
                <p className="warning" role="alert" data-testid="delete-refused">
                  {strings.panel.deleteDecidedOnlyFacilitator}{' '}
                  <button type="button" className="link-button" onClick={() => setRemovalRefused(null)}>{strings.panel.understood}</button>
                </p>
              )}
              <MissingAtTablePanel editor={editor} />
              <PeopleList awareness={awareness} editor={editor} />
              <ConnectionBadge snapshot={connectionSnapshot} />
              {invalidRecords > 0 && <p className="warning" role="status">{strings.board.invalidRecords(invalidRecords)}</p>}
            </aside>
          </div>
          {needsStart && <StartMeetingDialog editor={editor} />}
          {editor && confirmRemoval && (
            <RemoveDecidedCardDialog editor={editor} cardId={confirmRemoval} onClose={() => setConfirmRemoval(null)} />
          )}
        </div>
    </MeetingContext.Provider>
  )
}
