package dev.graft.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the engine's collective errors are shortened for a {@code DistributedException}'s message. */
class TorchProcessGroupTest {

    @Test
    void theBuildMachinesSourcePathIsCutToTheFileAndTheBacktraceDropped() {
        assertEquals("Connection closed by peer [127.0.0.1]:46506 (pair.cc:547)", TorchProcessGroup.firstLine(
                new RuntimeException("[/home/runner/work/javacpp-presets/pytorch/third_party/gloo/gloo/transport/"
                        + "tcp/pair.cc:547] Connection closed by peer [127.0.0.1]:46506\nframe #0: ...")));
        assertEquals("Timed out waiting 4000ms (unbound_buffer.cc:78)", TorchProcessGroup.firstLine(
                new RuntimeException("[unbound_buffer.cc:78] Timed out waiting 4000ms")));
        assertEquals("a message without a source [x]", TorchProcessGroup.firstLine(
                new RuntimeException("a message without a source [x]")));
    }
}
