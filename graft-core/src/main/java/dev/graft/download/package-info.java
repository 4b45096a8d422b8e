/**
 * Fetching files into a local cache, like Keras' {@code get_file}: {@link dev.graft.download.Downloader}
 * (resumable HTTP downloads with progress, checksum verification before an atomic install, offline mode), {@link
 * dev.graft.download.ZipExtractor} (zip extraction that cannot escape its folder and is all or nothing) and
 * {@link dev.graft.download.GraftHome} (where the cache lives: {@code $GRAFT_HOME}, else {@code ~/.graft}), kept
 * readable by the user only by {@link dev.graft.download.UserOnlyFiles}.
 */
package dev.graft.download;
