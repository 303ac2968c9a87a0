-- EDI trading partners (issue #18): each partner's interchange control number sequence, and the ship notices
-- (DESADV/856) written for shipped orders, one per partner and shipment. The notice is stored before it is sent, so a
-- send that is repeated (after a crash, a failed upload) delivers the same file under the same control number.
create table edi_control_number (
    partner_id  varchar(60) primary key,
    last_number bigint      not null
);

create table edi_ship_notice (
    partner_id     varchar(60)   not null,
    shipment_id    varchar(36)   not null,
    control_number bigint        not null,
    file_name      varchar(200)  not null,
    content        varchar(1000000) not null,
    created_at     timestamp with time zone not null,
    sent_at        timestamp with time zone,
    primary key (partner_id, shipment_id)
);
