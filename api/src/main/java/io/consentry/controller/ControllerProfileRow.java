package io.consentry.controller;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The single controller-profile row of a tenant schema (absent until an admin or the operator first saves it). */
@Entity
@Table(name = "controller_profile")
public class ControllerProfileRow extends PanacheEntityBase {

    static final short ID = 1;

    @Id
    public short id;

    public String name;
    public String address;
    public String email;
    public String phone;

    @Column(name = "policy_url")
    public String policyUrl;

    public String jurisdiction;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
