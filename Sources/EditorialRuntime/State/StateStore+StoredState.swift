import EditorialCore

extension StateStore {
    /// What the scheduler starts from: fired keys scheduled at or after `since`, the recorded states, the announced
    /// blocks and the last moment processed (at start, and when a daemon sharing the database reads it again).
    public func storedState(since: Int64) throws -> StoredState {
        StoredState(
            fired: try firedSchedule(since: since), states: try itemStates(), announced: try announcedBlocked(),
            processedThrough: try lastProcessed())
    }
}
