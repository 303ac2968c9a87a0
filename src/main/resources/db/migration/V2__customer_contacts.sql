-- Every e-mail and phone ever seen for a person, so that matching and the agent's lookup find them by an old
-- address too, not only by the one survivorship currently shows. A contact belongs to one golden record.
create table customer_contact (
    kind        varchar(10)  not null,
    contact     varchar(320) not null,
    customer_id varchar(36)  not null references customer (id),
    first_seen  timestamp with time zone not null,
    constraint customer_contact_key primary key (kind, contact)
);
create index customer_contact_by_customer on customer_contact (customer_id);

insert into customer_contact (kind, contact, customer_id, first_seen)
    select 'email', email, min(id), min(created_at) from customer where email is not null group by email;
insert into customer_contact (kind, contact, customer_id, first_seen)
    select 'phone', phone, min(id), min(created_at) from customer where phone is not null group by phone;
