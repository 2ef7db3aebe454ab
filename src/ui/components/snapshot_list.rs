//! 自动快照 on the 数据 page: the last few automatic snapshots, each restorable.
