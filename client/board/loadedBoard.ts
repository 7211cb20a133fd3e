/** What a board is once loaded: its connection, its tldraw store and the binding between them. */
import type { Atom, TLStore } from 'tldraw'
import type { BoardConnection } from '../sync/boardConnection'
import type { StoreBinding } from '../sync/storeBinding'

export interface LoadedBoard {
  connection: BoardConnection
  store: TLStore
  binding: StoreBinding
  /** tldraw's read-only switch, driven by the meeting's state and my access. */
  mode: Atom<'readonly' | 'readwrite'>
}
