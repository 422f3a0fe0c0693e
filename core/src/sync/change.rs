//! A changeset read into plain values: the one decoding of SQLite's session format that capture
//! (field clocks of local writes) and apply (per-field merge of received writes) share.

use std::io::Read;

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::hooks::Action;
use rusqlite::session::{ChangesetItem, ChangesetIter};
use rusqlite::types::{Value, ValueRef};

use crate::Result;

/// What a change does to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Insert,
    Update,
    Delete,
}

/// One row's change: its table, primary key, and the new value of each column it sets (`None`
/// for a column an UPDATE leaves as it was).
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub table: String,
    pub op: Op,
    /// (column number, value) of each primary-key column.
    pub pk: Vec<(usize, Value)>,
    pub new: Vec<Option<Value>>,
}

/// Every change in `blob` (a changeset as `Session::changeset_strm` writes it), in order.
pub(crate) fn decode(blob: &[u8]) -> Result<Vec<Change>> {
    let mut reader: &[u8] = blob;
    let input: &mut dyn Read = &mut reader;
    let mut iter = ChangesetIter::start_strm(&input)?;
    let mut out = Vec::new();
    while let Some(item) = iter.next()? {
        out.push(read_item(item)?);
    }
    Ok(out)
}

fn read_item(item: &ChangesetItem) -> Result<Change> {
    let op = item.op()?;
    let table = op.table_name().to_owned();
    let columns = usize::try_from(op.number_of_columns()).unwrap_or(0);
    let code = match op.code() {
        Action::SQLITE_INSERT => Op::Insert,
        Action::SQLITE_UPDATE => Op::Update,
        _ => Op::Delete,
    };
    let flags = item.pk()?.to_vec();
    let mut pk = Vec::new();
    for (col, flag) in flags.iter().enumerate() {
        if *flag != 0 {
            let value = match code {
                Op::Insert => item.new_value(col)?,
                Op::Update | Op::Delete => item.old_value(col)?,
            };
            pk.push((col, owned(value)?));
        }
    }
    let new = (0..columns)
        .map(|col| -> Result<Option<Value>> {
            Ok(match code {
                Op::Delete => None,
                _ => item.new_value(col).ok().map(owned).transpose()?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Change {
        table,
        op: code,
        pk,
        new,
    })
}

fn owned(v: ValueRef<'_>) -> Result<Value> {
    Ok(Value::try_from(v).map_err(rusqlite::Error::from)?)
}

/// The text key of a primary key in `sync_field_clocks`: each value's text, joined by a unit
/// separator (the same on every device).
pub(crate) fn pk_key(pk: &[(usize, Value)]) -> String {
    pk.iter()
        .map(|(_, v)| value_text(v))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "\u{0}".to_owned(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => format!("{r:?}"),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

/// A total order of stored values (SQLite's: NULL < numbers < text < blobs), for the
/// deterministic choice between two rows with one primary key.
pub(crate) fn compare(a: ValueRef<'_>, b: ValueRef<'_>) -> std::cmp::Ordering {
    fn rank(v: &ValueRef<'_>) -> u8 {
        match v {
            ValueRef::Null => 0,
            ValueRef::Integer(_) | ValueRef::Real(_) => 1,
            ValueRef::Text(_) => 2,
            ValueRef::Blob(_) => 3,
        }
    }
    match (a, b) {
        (ValueRef::Integer(x), ValueRef::Integer(y)) => x.cmp(&y),
        (ValueRef::Integer(x), ValueRef::Real(y)) => (x as f64).total_cmp(&y),
        (ValueRef::Real(x), ValueRef::Integer(y)) => x.total_cmp(&(y as f64)),
        (ValueRef::Real(x), ValueRef::Real(y)) => x.total_cmp(&y),
        (ValueRef::Text(x), ValueRef::Text(y)) => x.cmp(y),
        (ValueRef::Blob(x), ValueRef::Blob(y)) => x.cmp(y),
        (x, y) => rank(&x).cmp(&rank(&y)),
    }
}
