package dev.graft.distributed;

import dev.graft.models.Model;
import dev.graft.training.History;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One worker process of {@link DataParallelTest}: joins the group from {@code RANK}, {@code WORLD_SIZE},
 * {@code MASTER_ADDR} and {@code MASTER_PORT}, trains {@link DataParallelFixture}'s run, and writes its final
 * weights and its last epoch's loss to the file given as the argument.
 */
public final class DataParallelWorker {
    private DataParallelWorker() {
    }

    public static void main(String[] args) throws Exception {
        try (DistributedStrategy strategy = DistributedStrategy.fromEnvironment()) {
            Model model = DataParallelFixture.model();
            History history = DataParallelFixture.train(model, strategy);
            float[] weights = DataParallelFixture.weights(model);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
                out.writeDouble(history.history().get("loss").get(DataParallelFixture.EPOCHS - 1));
                out.writeInt(weights.length);
                for (float w : weights) {
                    out.writeFloat(w);
                }
            }
        }
    }
}
