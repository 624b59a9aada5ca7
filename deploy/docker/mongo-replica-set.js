// Health check of the compose MongoDB, run by mongosh every few seconds.
// On the first run it initiates the single-node replica set (Twoway's change streams and
// retryable writes need one); it reports healthy only once this node is a writable primary.
try {
  rs.status();
} catch (error) {
  if (error.codeName !== "NotYetInitialized") {
    throw error;
  }
  rs.initiate({ _id: "rs0", members: [{ _id: 0, host: "mongo:27017" }] });
}
if (!db.hello().isWritablePrimary) {
  quit(1);
}
