package io.consentry.core.persistence;

import io.agroal.api.AgroalDataSource;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections of one cell's runtime pool, each pointed at one tenant schema before Hibernate uses it. The pool is
 * shared by every tenant of the cell, so the schema is set on every borrow, never assumed from the last one.
 */
final class SchemaConnections implements ConnectionProvider {

    private final AgroalDataSource pool;
    private final String schema;

    SchemaConnections(AgroalDataSource pool, String schema) {
        this.pool = pool;
        this.schema = schema;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = pool.getConnection();
        try {
            connection.setSchema(schema);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        connection.close();
    }

    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    @Override
    public boolean isUnwrappableAs(Class<?> type) {
        return type.isInstance(this) || type.isInstance(pool);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return (T) this;
        }
        if (type.isInstance(pool)) {
            return (T) pool;
        }
        throw new IllegalArgumentException("Cannot unwrap to " + type);
    }
}
