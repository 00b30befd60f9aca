package io.consentry.tenants.storage;

/** Runs one MinIO client call and reports any failure as a {@link StorageException} naming what was being done. */
public final class S3Calls {

    private S3Calls() {
    }

    /** One call to S3; the MinIO client throws a checked exception of its own from almost every method. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }

    public static <T> T run(Call<T> call, String what) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException("S3: could not " + what + ": " + e.getMessage(), e);
        }
    }
}
