package dev.graft.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One in-process run of the {@code graft} command with its output captured.
 *
 * @param status the exit status
 * @param out    what it wrote to standard output
 * @param err    what it wrote to standard error
 */
record GraftRun(int status, String out, String err) {

    static GraftRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GraftCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new GraftRun(status, out.toString(), err.toString());
    }

    static GraftRun of(List<String> args) {
        return of(args.toArray(new String[0]));
    }

    /** Everything written, for assertion messages. */
    String transcript() {
        return "exit " + status + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
    }
}
