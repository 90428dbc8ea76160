//! The search worker: one thread that first loads the code index (so the
//! first frame never waits for it) and then answers search requests. It
//! drains every request that queued up while it was busy and answers only
//! the newest, so a fast typist never waits for searches of stale prefixes;
//! the app drops any answer whose generation is not the current one.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use super::app::Msg;
use super::workbench::{CodeSearcher, SearchRequest};

/// Builds the search index (on the worker thread). The error is one line
/// for the status bar.
pub type IndexLoader = Box<dyn FnOnce() -> Result<Arc<dyn CodeSearcher>, String> + Send>;

/// Starts the worker; the returned sender takes search requests.
pub fn spawn(loader: IndexLoader, events: Sender<Msg>) -> std::io::Result<Sender<SearchRequest>> {
    let (tx, rx) = channel();
    thread::Builder::new()
        .name("chartq-search".into())
        .spawn(move || serve(loader, &rx, &events))?;
    Ok(tx)
}

fn serve(loader: IndexLoader, requests: &Receiver<SearchRequest>, events: &Sender<Msg>) {
    let searcher = match loader() {
        Ok(s) => {
            let _ = events.send(Msg::IndexReady);
            s
        }
        Err(e) => {
            let _ = events.send(Msg::IndexFailed(e));
            return;
        }
    };
    while let Ok(first) = requests.recv() {
        let newest = requests.try_iter().last().unwrap_or(first);
        let hits = searcher.search(&newest);
        let done = Msg::SearchDone {
            generation: newest.generation,
            hits,
        };
        if events.send(done).is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;
    use crate::tui::model::SearchHit;

    /// Records what it was asked, and blocks until released so requests
    /// queue up behind it.
    struct Recorder {
        asked: Mutex<Vec<String>>,
        gate: Mutex<Receiver<()>>,
    }

    impl CodeSearcher for Recorder {
        fn search(&self, r: &SearchRequest) -> Vec<SearchHit> {
            let _ = self
                .gate
                .lock()
                .unwrap()
                .recv_timeout(Duration::from_secs(5));
            self.asked.lock().unwrap().push(r.text.clone());
            Vec::new()
        }
    }

    fn request(generation: u64, text: &str) -> SearchRequest {
        SearchRequest {
            generation,
            text: text.into(),
            system: None,
            limit: 10,
            date_of_service: None,
        }
    }

    #[test]
    fn answers_only_the_newest_of_queued_requests() {
        let (gate_tx, gate_rx) = channel();
        let searcher = Arc::new(Recorder {
            asked: Mutex::new(Vec::new()),
            gate: Mutex::new(gate_rx),
        });
        let shared: Arc<dyn CodeSearcher> = searcher.clone();
        let (events_tx, events) = channel();
        let tx = spawn(Box::new(move || Ok(shared)), events_tx).unwrap();
        assert!(matches!(events.recv().unwrap(), Msg::IndexReady));
        tx.send(request(1, "d")).unwrap();
        // The worker is now blocked on "d"; these queue up.
        thread::sleep(Duration::from_millis(50));
        for (g, t) in [(2, "di"), (3, "dia"), (4, "diab")] {
            tx.send(request(g, t)).unwrap();
        }
        gate_tx.send(()).unwrap();
        gate_tx.send(()).unwrap();
        let mut generations = Vec::new();
        while generations.last() != Some(&4) {
            match events.recv_timeout(Duration::from_secs(5)).unwrap() {
                Msg::SearchDone { generation, .. } => generations.push(generation),
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(generations, vec![1, 4]);
        assert_eq!(*searcher.asked.lock().unwrap(), vec!["d", "diab"]);
    }

    #[test]
    fn a_failed_load_is_reported() {
        let (events_tx, events) = channel();
        let _tx = spawn(Box::new(|| Err("no code sets".into())), events_tx).unwrap();
        match events.recv().unwrap() {
            Msg::IndexFailed(e) => assert_eq!(e, "no code sets"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
