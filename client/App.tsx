import { Suspense } from 'react'
import { BOARD_PATH_PREFIX, BOARD_ID_PATTERN } from '../shared/protocol'
import { BoardPage } from './board/BoardPage'
import { ErrorScreen } from './board/ErrorScreen'
import { LanguageProvider, useLanguage } from './i18n/language'
import { startPart } from './start/startPart'
import { LoadingStatus } from './ui/LoadingStatus'

function Route() {
  const { strings } = useLanguage()
  const path = location.pathname
  if (path === '/') {
    return (
      <Suspense fallback={<LoadingStatus text={strings.parts.loading} className="page" />}>
        <startPart.Component />
      </Suspense>
    )
  }
  if (path.startsWith(BOARD_PATH_PREFIX)) {
    const boardId = path.slice(BOARD_PATH_PREFIX.length).replace(/\/$/, '')
    if (BOARD_ID_PATTERN.test(boardId)) return <BoardPage boardId={boardId} />
  }
  return <ErrorScreen message={strings.errors.unknownBoard} />
}

export function App() {
  return (
    <LanguageProvider>
      <Route />
    </LanguageProvider>
  )
}
