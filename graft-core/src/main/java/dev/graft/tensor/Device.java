package dev.graft.tensor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a tensor's data lives: the CPU, or one NVIDIA GPU ({@code cuda:0}, {@code cuda:1}, ...). Written as in
 * PyTorch: {@code Device.of("cpu")}, {@code Device.of("cuda")} (the first GPU), {@code Device.of("cuda:1")}.
 *
 * <p>New tensors are created on the engine's default device ({@link Engine#setDefaultDevice}), which is read
 * once from the system property {@value #PROPERTY} or else the environment variable {@value #ENVIRONMENT},
 * and is the CPU when neither is set.
 */
public final class Device {
    /** The system property that chooses the default device; it wins over {@link #ENVIRONMENT}. */
    public static final String PROPERTY = "graft.device";
    /** The environment variable that chooses the default device. */
    public static final String ENVIRONMENT = "GRAFT_DEVICE";

    /** The CPU. */
    public static final Device CPU = new Device(false, 0);

    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d{1,9}))?");

    private final boolean cuda;
    private final int index;

    private Device(boolean cuda, int index) {
        this.cuda = cuda;
        this.index = index;
    }

    /** The first GPU, {@code cuda:0}. */
    public static Device cuda() {
        return cuda(0);
    }

    /** The GPU numbered {@code index} (from 0) among those visible to the process. */
    public static Device cuda(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("A CUDA device index must be >= 0, received " + index);
        }
        return new Device(true, index);
    }

    /**
     * The device named {@code name}: {@code cpu}, {@code cuda} (same as {@code cuda:0}) or {@code cuda:N}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Device of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("A device name is required: cpu, cuda or cuda:N");
        }
        String n = name.strip();
        if (n.equals("cpu")) {
            return CPU;
        }
        Matcher m = CUDA.matcher(n);
        if (m.matches()) {
            return m.group(1) == null ? cuda() : cuda(Integer.parseInt(m.group(1)));
        }
        if (n.startsWith("cuda:")) {
            throw new IllegalArgumentException("Device '" + name + "' has no valid GPU index: write cuda:N with N = "
                    + "0, 1, ... (the GPU's number), or cuda for the first GPU");
        }
        throw new IllegalArgumentException("Unknown device '" + name + "': use cpu, cuda or cuda:N (N = 0, 1, ..., "
                + "the GPU's number)");
    }

    /**
     * The device that {@link #PROPERTY} names, else {@link #ENVIRONMENT}, else the CPU.
     *
     * @throws IllegalArgumentException if the setting names no device
     */
    public static Device fromConfiguration() {
        return fromConfiguration(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
    }

    /** {@link #fromConfiguration()} with the two settings given; null or blank means unset. */
    static Device fromConfiguration(String property, String environment) {
        String source;
        String value;
        if (property != null && !property.isBlank()) {
            source = "The system property " + PROPERTY;
            value = property;
        } else if (environment != null && !environment.isBlank()) {
            source = "The environment variable " + ENVIRONMENT;
            value = environment;
        } else {
            return CPU;
        }
        try {
            return of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is '" + value + "', which is not a device: use cpu, cuda "
                    + "or cuda:N", e);
        }
    }

    /** Whether this is the CPU. */
    public boolean isCpu() {
        return !cuda;
    }

    /** Whether this is an NVIDIA GPU. */
    public boolean isCuda() {
        return cuda;
    }

    /** The GPU's number; 0 for the CPU. */
    public int index() {
        return index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.cuda == cuda && d.index == index;
    }

    @Override
    public int hashCode() {
        return cuda ? 1 + index : 0;
    }

    /** {@code cpu} or {@code cuda:N}, which {@link #of} reads back. */
    @Override
    public String toString() {
        return cuda ? "cuda:" + index : "cpu";
    }
}
