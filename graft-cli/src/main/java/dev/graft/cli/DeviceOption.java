package dev.graft.cli;

import dev.graft.tensor.Device;
import dev.graft.tensor.Engine;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code --device cpu|cuda|cuda:N}, which every command takes (before or after its name): where models,
 * weights and computations live. Without it the engine's default holds: {@code GRAFT_DEVICE}, else the CPU.
 */
final class DeviceOption {
    static final String NAME = "--device";

    @Option(names = NAME, scope = ScopeType.INHERIT, paramLabel = "cpu|cuda|cuda:N",
            description = "Where to compute: cpu (default, or GRAFT_DEVICE), cuda for the first GPU, cuda:N. "
                    + "A GPU needs the CUDA build (./mvnw -Pcuda, see the README).")
    String device;

    /**
     * Runs the command {@code cli} parsed after making the device it names the engine's default; a device
     * that cannot be used ends the run like any other error, with one line and status 1.
     */
    static IExecutionStrategy strategy(CommandLine cli) {
        return parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            String name = named(parseResult);
            if (name != null) {
                try {
                    Engine.get().setDefaultDevice(Device.of(name));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new ExecutionException(cli, e.getMessage(), e);
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        };
    }

    /** The last {@code --device} given, to the command or to its subcommand; null if none. */
    private static String named(ParseResult parseResult) {
        String name = null;
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            name = p.matchedOptionValue(NAME, name);
        }
        return name;
    }
}
