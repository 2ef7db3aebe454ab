//! Merging an imported dataset into the one already stored: what would be added, what differs, what is the same.
