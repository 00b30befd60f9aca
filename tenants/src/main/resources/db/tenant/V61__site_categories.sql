-- What kind of place a site is. Face processing is refused in private spaces (CAC face-recognition measures, 2025:
-- no face recognition in hotel rooms, public toilets, changing rooms and the like). Sites made before categories
-- existed are public places of no named kind.
ALTER TABLE site ADD COLUMN category varchar(32) NOT NULL DEFAULT 'OTHER_PUBLIC'
    CHECK (category IN ('ENTRANCE', 'LOBBY', 'CORRIDOR', 'ELEVATOR_HALL', 'SALES_FLOOR', 'COUNTER', 'CAR_PARK',
                        'OTHER_PUBLIC', 'ROOM', 'TOILET', 'CHANGING_AREA', 'SHOWER', 'NURSING_ROOM', 'MEDICAL_ROOM'));
